from fastapi import APIRouter, Request, Response

from junction.auth.dependencies import CurrentAccount
from junction.errors import ERROR_RESPONSES, error_responses
from junction.integration.schemas import ImageType, IntegrationItem, IntegrationStatus, LogoImage
from junction.integration.service import integration_service
from junction.kit.urls import public_base_url
from junction.runtime import RuntimeDep

router = APIRouter(prefix="/integrations", tags=["Integrations"], responses=error_responses(401))
NOT_FOUND = error_responses(404)


@router.get(
    "",
    response_model=list[IntegrationItem],
    operation_id="integrations_get_integrations",
    summary="Get list of integrations",
)
async def get_integrations(
    _account: CurrentAccount,
    runtime: RuntimeDep,
    request: Request,
    status: IntegrationStatus | None = None,
    include_coverage: bool = False,
) -> list[IntegrationItem]:
    return integration_service.list_items(
        runtime.registry, public_base_url(request), status, include_coverage
    )


@router.get(
    "/{integrationid}",
    response_model=IntegrationItem,
    operation_id="integrations_get_integration",
    summary="Get one integration",
    responses=NOT_FOUND,
)
async def get_integration(
    _account: CurrentAccount,
    runtime: RuntimeDep,
    request: Request,
    integrationid: int,
    include_coverage: bool = False,
) -> IntegrationItem:
    entry = integration_service.get(runtime.registry, integrationid)
    return integration_service.to_item(entry, public_base_url(request), include_coverage)


@router.get(
    "/{integrationid}/{image_type}.json",
    response_model=LogoImage,
    operation_id="integrations_get_integration_logo_json",
    summary="Get integration logo/icon (as base64)",
    responses=NOT_FOUND,
)
async def get_integration_logo_json(
    _account: CurrentAccount, runtime: RuntimeDep, integrationid: int, image_type: ImageType
) -> LogoImage:
    return integration_service.logo(integration_service.get(runtime.registry, integrationid))


@router.get(
    "/{integrationid}/{image_type}.svg",
    response_class=Response,
    operation_id="integrations_get_integration_logo_svg",
    summary="Get integration logo/icon as an SVG image (public, for <img> tags)",
    responses={200: {"content": {"image/svg+xml": {}}}, 404: ERROR_RESPONSES[404]},
)
async def get_integration_logo_svg(
    runtime: RuntimeDep, integrationid: int, image_type: ImageType
) -> Response:
    entry = integration_service.get(runtime.registry, integrationid)
    return Response(entry.connector.manifest.logo_svg, media_type="image/svg+xml")
