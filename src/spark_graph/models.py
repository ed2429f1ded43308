"""Every table of every domain, imported in one place for metadata and migrations."""

from spark_graph.auth.models import *  # noqa: F403
from spark_graph.catalog.models import *  # noqa: F403
from spark_graph.moments.models import *  # noqa: F403
from spark_graph.social.models import *  # noqa: F403
from spark_graph.storefronts.models import *  # noqa: F403
