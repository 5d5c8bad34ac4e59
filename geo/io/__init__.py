"""Reading what people bring and what official sources publish, and loading it into a Dataset."""
