"""Running the server as a service: request ids and log format (`logs`), Prometheus
metrics (`metrics`), readiness (`health`), and backup and restore (`backup`)."""
