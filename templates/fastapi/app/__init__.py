"""The application package: settings, database, models, schemas and routers."""
