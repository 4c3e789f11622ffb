"""Integrations: webhooks that tell the organizers' systems what happened, as it happens."""
