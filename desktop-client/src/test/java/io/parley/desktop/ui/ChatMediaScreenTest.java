package io.parley.desktop.ui;

import io.parley.model.inbox.Message;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class ChatMediaScreenTest extends DesktopUiTestSupport {

    @Test
    void picturesShowInlineFilesDownloadAndOpenAndSlashShortcutsOfferCannedResponses() throws Exception {
        Member owner = registerOrg("Chat media screen");
        customerWrites(owner, sandbox(owner), "+4915112348001", "Lena", "Can you send me the invoice and a photo?");
        assertThat(api.post("/api/v1/canned-responses", obj("shortcut", "thanks", "text", "Thank you {{contact.name}}, anything else?"),
                owner.accessToken()).status()).isEqualTo(201);
        signIn(owner);
        openConversation("Lena");
        waitUntil("the chat", () -> chat().getItems().size() == 1);

        Path photo = Files.createTempFile("parcel", ".png");
        BufferedImage picture = SwingFXUtils.fromFXImage(new WritableImage(64, 48), null);
        ImageIO.write(picture, "png", photo.toFile());
        robot.interact(() -> window.inbox().chat().sendFile(photo));
        waitUntil("the picture in the chat", () -> chat().getItems().size() == 2
                && "image".equals(chat().getItems().getLast().type()));
        waitUntil("the picture shown inline", () -> robot.lookup("#messageImage").queryAllAs(ImageView.class).stream()
                .anyMatch(view -> view.getImage() != null && view.isVisible()));

        Path invoice = Files.createTempFile("invoice", ".pdf");
        Files.writeString(invoice, "%PDF-1.4\n% an invoice\n");
        robot.interact(() -> window.inbox().chat().sendFile(invoice));
        waitUntil("the document in the chat", () -> chat().getItems().size() == 3
                && "document".equals(chat().getItems().getLast().type()));
        robot.clickOn(robot.lookup("#messageAttachment").match(node -> node.isVisible()).queryLabeled());
        waitUntil("the downloaded invoice opened", () -> opened.stream().anyMatch(uri -> uri.endsWith(".pdf")));
        Path downloaded = Path.of(URI.create(opened.stream().filter(uri -> uri.endsWith(".pdf")).findFirst().orElseThrow()));
        assertThat(Files.readString(downloaded)).isEqualTo("%PDF-1.4\n% an invoice\n");
        Files.deleteIfExists(downloaded);
        screenshot("chat-media");

        robot.clickOn("#composer").write("/tha");
        waitUntil("the canned response offered", () -> robot.lookup("/thanks  —  Thank you Lena, anything else?").tryQuery().isPresent());
        robot.clickOn("/thanks  —  Thank you Lena, anything else?");
        waitUntil("the canned response in the composer",
                () -> robot.lookup("#composer").queryAs(TextArea.class).getText().equals("Thank you Lena, anything else?"));
    }

    @SuppressWarnings("unchecked")
    private ListView<Message> chat() {
        return robot.lookup("#messages").queryAs(ListView.class);
    }
}
