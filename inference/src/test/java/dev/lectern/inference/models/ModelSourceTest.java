package dev.lectern.inference.models;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSourceTest {
    @Test
    void huggingFaceShorthandResolvesToTheMainRevision() {
        ModelSource s = ModelSource.parse("hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf");
        assertThat(s.uri()).hasToString(
                "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf");
        assertThat(s.fileName()).isEqualTo("qwen2.5-1.5b-instruct-q4_k_m.gguf");
    }

    @Test
    void huggingFaceShorthandTakesARevisionAndSubfolder() {
        ModelSource s = ModelSource.parse("hf:owner/repo/sub/Model-Q4_K_M.gguf@abc123");
        assertThat(s.uri()).hasToString("https://huggingface.co/owner/repo/resolve/abc123/sub/Model-Q4_K_M.gguf");
        assertThat(s.fileName()).isEqualTo("Model-Q4_K_M.gguf");
    }

    @Test
    void urlGivesItsLastSegmentAsFileName() {
        ModelSource s = ModelSource.parse("http://127.0.0.1:8080/files/tiny.gguf?download=true");
        assertThat(s.fileName()).isEqualTo("tiny.gguf");
    }

    @Test
    void refusesWhatIsNotAGgufFileWithTheFormsItAccepts() {
        assertThatThrownBy(() -> ModelSource.parse("hf:owner/repo")).hasMessageContaining("hf:OWNER/REPO/FILE.gguf");
        assertThatThrownBy(() -> ModelSource.parse("https://huggingface.co/owner/repo")).hasMessageContaining(".gguf");
        assertThatThrownBy(() -> ModelSource.parse("ftp://host/x.gguf")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> ModelSource.parse("hf:owner/repo/../x.gguf")).isInstanceOf(IllegalArgumentException.class);
    }
}
