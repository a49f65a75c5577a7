"""Building blocks shared by every sandbox: the app factory with its control routes and fault
middleware, the fault plan, OAuth token state, webhook delivery and page arithmetic."""

from junction.sandboxes._kit.app import (
    CONTROL_PREFIX,
    ProviderPolicy,
    create_sandbox_app,
    external_base,
    retry_after_header,
    route_path,
)
from junction.sandboxes._kit.faults import FaultPlan, FaultPlanError
from junction.sandboxes._kit.pagination import Page, page_of, with_query_param
from junction.sandboxes._kit.sandbox import RequestLog, RequestRecord, Sandbox, UnknownProfile, seeded_random
from junction.sandboxes._kit.tokens import GrantError, IssuedTokens, TokenProblem, TokenStore
from junction.sandboxes._kit.webhooks import OutgoingWebhook, WebhookDispatcher, hmac_sha256_hex

__all__ = [
    "CONTROL_PREFIX",
    "FaultPlan",
    "FaultPlanError",
    "GrantError",
    "IssuedTokens",
    "OutgoingWebhook",
    "Page",
    "ProviderPolicy",
    "RequestLog",
    "RequestRecord",
    "Sandbox",
    "TokenProblem",
    "TokenStore",
    "UnknownProfile",
    "WebhookDispatcher",
    "create_sandbox_app",
    "external_base",
    "hmac_sha256_hex",
    "page_of",
    "retry_after_header",
    "route_path",
    "seeded_random",
    "with_query_param",
]
