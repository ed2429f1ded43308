"""GET /r/<code>: the affiliate redirect, a plain Starlette route (no GraphQL)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from spark_graph.db import transaction
from spark_graph.storefronts.affiliate import product_page_url, record_click


async def affiliate_redirect(request: Request) -> Response:
    """Counts a click and sends the shopper to the product page with the click id attached,
    which the order system hands back to recordPurchase."""
    state = request.app.state.spark
    async with transaction(state.sessions) as session:
        click = await record_click(
            session=session, code=request.path_params["code"], now=state.clock.now()
        )
    if click is None:
        return PlainTextResponse("No affiliate link has that code.", status_code=404)
    location = product_page_url(
        state.settings.public_base_url,
        asin=click.product.asin,
        code=click.link.code,
        click_token=click.click.token,
    )
    # 302, not 301: every visit must come back here to be counted.
    return RedirectResponse(location, status_code=302, headers={"Cache-Control": "no-store"})


routes = [Route("/r/{code}", affiliate_redirect, methods=["GET"])]
