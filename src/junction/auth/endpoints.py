from fastapi import APIRouter

from junction.auth.schemas import AuthItem, Token
from junction.auth.service import auth_service
from junction.errors import error_responses
from junction.runtime import RuntimeDep, SessionDep

router = APIRouter(tags=["General"])


@router.post(
    "/token",
    response_model=Token,
    summary="Get access token",
    operation_id="generate_access_token_token_post",
    responses=error_responses(400, 401, 422),
)
async def generate_access_token(item: AuthItem, session: SessionDep, runtime: RuntimeDep) -> Token:
    """Exchange clientId, clientSecret and accountId for a bearer token valid for 30 minutes."""
    return await auth_service.issue_token(session, runtime, item)
