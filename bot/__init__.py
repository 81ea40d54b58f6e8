"""债答's own package: Chinese NLU, domain logic, channels. Domain modules import no Rasa."""
