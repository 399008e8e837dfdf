package io.parley.desktop.signin;

import io.parley.desktop.api.ApiException;
import io.parley.desktop.api.ServerUnreachableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sign-in screen says for each way signing in fails. */
class SignInMessagesTest {

    @Test
    void eachFailureReadsAsASentence() {
        assertThat(SignInViewModel.describe(new ApiException(401, "Unauthorized", List.of())))
                .isEqualTo("The email or password is wrong.");
        assertThat(SignInViewModel.describe(new ApiException(429,
                "Too many failed sign-ins for this email. Try again later.", List.of())))
                .isEqualTo("Too many failed sign-ins for this email. Try again later.");
        assertThat(SignInViewModel.describe(new ServerUnreachableException("http://office:8080", new IOException("refused"))))
                .isEqualTo("Cannot reach the Parley server at http://office:8080. Check the address and that the server is running.");
    }
}
