package io.parley.desktop.sandbox;

import io.parley.model.channel.Channel;
import io.parley.model.inbox.Message;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;

/** Binds SimulatorView.fxml: the customer's side, their messages on the right. */
public final class SimulatorView {
    private final SimulatorViewModel model;

    @FXML
    private ComboBox<Channel> channel;
    @FXML
    private TextField phone;
    @FXML
    private TextField name;
    @FXML
    private ListView<Message> messages;
    @FXML
    private TextField text;
    @FXML
    private Button send;
    @FXML
    private Label error;

    public SimulatorView(SimulatorViewModel model) {
        this.model = model;
    }

    @FXML
    private void initialize() {
        channel.setItems(model.channels());
        channel.valueProperty().bindBidirectional(model.channelProperty());
        channel.setCellFactory(list -> new ChannelCell());
        channel.setButtonCell(new ChannelCell());
        phone.textProperty().bindBidirectional(model.phoneProperty());
        name.textProperty().bindBidirectional(model.nameProperty());
        text.textProperty().bindBidirectional(model.textProperty());
        messages.setItems(model.messages());
        messages.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Message m, boolean empty) {
                super.updateItem(m, empty);
                if (empty || m == null) {
                    setText(null);
                    return;
                }
                boolean mine = "IN".equals(m.direction());
                setText((mine ? "You: " : "Business: ") + (m.text() == null ? m.type() : m.text())
                        + (mine ? "" : "   " + switch (m.status()) {
                            case "READ" -> "(read)";
                            case "DELIVERED" -> "(delivered)";
                            default -> "";
                        }));
                setStyle(mine ? "-fx-alignment: center-right;" : "-fx-alignment: center-left;");
            }
        });
        error.textProperty().bind(model.errorProperty());
        send.setOnAction(e -> model.send());
        text.setOnAction(e -> model.send());
    }

    private static final class ChannelCell extends ListCell<Channel> {
        @Override
        protected void updateItem(Channel c, boolean empty) {
            super.updateItem(c, empty);
            setText(empty || c == null ? null : c.name());
        }
    }
}
