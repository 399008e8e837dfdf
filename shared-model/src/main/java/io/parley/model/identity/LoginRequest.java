package io.parley.model.identity;

public record LoginRequest(String email, String password) {
}
