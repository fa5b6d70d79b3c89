"""The staff web application: thin views over the domain services, one module per area."""
