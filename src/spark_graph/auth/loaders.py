from __future__ import annotations

from spark_graph.auth.models import User
from spark_graph.dataloading import RowByIdLoader


class UserByIdLoader(RowByIdLoader):
    model = User
