package io.parley.model.identity;

public record RegisterRequest(String orgName, String name, String email, String password) {
}
