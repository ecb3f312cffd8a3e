-- The postgres image runs this on the first start of an empty data directory (docker-compose.yml mounts it).
-- Each service keeps its own database and migration history; each applies its migrations when it starts.
CREATE DATABASE charter_registry;
CREATE DATABASE charter_lineage;
CREATE DATABASE charter_pipeline;
