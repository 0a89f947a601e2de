"""The public register: no sign-in, published things only."""
