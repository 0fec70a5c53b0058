-- split.yaml: one database per service (stages 4 and 5), created once, on the first start of an
-- empty data volume (docker-entrypoint-initdb.d). Each service migrates its own database with
-- `<service> migrate up` before it starts; no service can reach another's tables.
CREATE DATABASE auth;
CREATE DATABASE orders;
CREATE DATABASE payments;
