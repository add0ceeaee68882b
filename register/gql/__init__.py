"""The GraphQL API (strawberry); never a module named `graphql`, which would shadow graphql-core."""
