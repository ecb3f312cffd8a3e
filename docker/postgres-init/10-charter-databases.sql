-- The postgres image runs this on the first start of an empty data directory (docker-compose.yml mounts it).
-- Each service keeps its own database and migration history; both apply their migrations when they start.
CREATE DATABASE charter_registry;
CREATE DATABASE charter_lineage;
