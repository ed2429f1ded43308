from __future__ import annotations

from spark_graph.catalog.models import Product
from spark_graph.dataloading import RowByIdLoader


class ProductByIdLoader(RowByIdLoader):
    model = Product
