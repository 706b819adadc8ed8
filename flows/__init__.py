
# Where `fazhi run` reads and writes when no option, environment variable or config file says otherwise.
DEFAULT_SOURCE = "data/raw"  # the sample reports
DEFAULT_DB = "data/warehouse.duckdb"
