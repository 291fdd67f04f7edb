package dev.lectern.app.conversation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workspace's conversation history: one JSON file per conversation in
 * {@code <data>/workspaces/<name>/conversations/}. Writes go to a temporary file that replaces the
 * old one, so a crash never leaves half a conversation; unreadable files are skipped with a warning.
 */
public final class ConversationStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path folder;

    public ConversationStore(Path folder) {
        this.folder = folder;
    }

    /** The store of workspace {@code workspace} under data folder {@code dataDir}. */
    public static ConversationStore of(Path dataDir, String workspace) {
        return new ConversationStore(dataDir.resolve("workspaces").resolve(workspace).resolve("conversations"));
    }

    public Path folder() {
        return folder;
    }

    public void save(SavedConversation c) throws IOException {
        if (c.turns().isEmpty()) {
            return;
        }
        Files.createDirectories(folder);
        Path target = folder.resolve(c.id() + ".json");
        Path tmp = folder.resolve(c.id() + ".json.tmp");
        JSON.writeValue(tmp.toFile(), c);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Optional<SavedConversation> load(String id) throws IOException {
        Path f = folder.resolve(id + ".json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(f.toFile(), SavedConversation.class));
    }

    /** Every readable conversation, newest first. */
    public List<SavedConversation> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<SavedConversation> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    out.add(JSON.readValue(f.toFile(), SavedConversation.class));
                } catch (IOException e) {
                    LOG.warn("skipping unreadable conversation {}: {}", f, e.getMessage());
                }
            }
        }
        out.sort(Comparator.comparing(SavedConversation::created).reversed());
        return out;
    }

    public boolean delete(String id) throws IOException {
        return Files.deleteIfExists(folder.resolve(id + ".json"));
    }
}
