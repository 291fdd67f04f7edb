package dev.lectern.app.conversation;

import dev.lectern.app.answer.Conversation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as stored under {@code <data>/workspaces/<name>/conversations/<id>.json}: its
 * turns, oldest first, and a title taken from the first question. Immutable; {@link #with} adds a turn.
 */
public record SavedConversation(String id, String title, String created, List<SavedTurn> turns) {
    public SavedConversation {
        if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("conversation id must be 1-64 letters, digits or dashes, got " + id);
        }
        turns = turns == null ? List.of() : List.copyOf(turns);
        title = title == null ? "" : title;
        created = created == null ? Instant.now().toString() : created;
    }

    public static SavedConversation start() {
        return new SavedConversation(UUID.randomUUID().toString(), "", Instant.now().toString(), List.of());
    }

    public SavedConversation with(SavedTurn t) {
        List<SavedTurn> all = new ArrayList<>(turns);
        all.add(t);
        String t0 = title.isBlank() ? titleOf(t.question()) : title;
        return new SavedConversation(id, t0, created, all);
    }

    /** The turns as the answerer's follow-up context. */
    public Conversation toConversation() {
        Conversation c = new Conversation();
        for (SavedTurn t : turns) {
            c.add(new Conversation.Turn(t.question(), t.standalone(), t.answer()));
        }
        return c;
    }

    static String titleOf(String question) {
        String q = question.strip().replaceAll("\\s+", " ");
        return q.length() <= 60 ? q : q.substring(0, 57) + "...";
    }
}
