package io.parley.model.identity;

public record InvitationRequest(String email, Role role) {
}
