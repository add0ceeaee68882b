"""Read models built from the register's event stream; imports the domain only."""
