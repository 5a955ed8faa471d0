package io.ringflow.connector.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A record's {@code toString()} and a line break, as Flink's {@code SimpleStringEncoder} (UTF-8 unless told). */
public final class SimpleStringEncoder<IN> implements Encoder<IN> {
    private static final long serialVersionUID = 1L;
    private final String charsetName;
    private transient Charset charset;

    public SimpleStringEncoder() {
        this(StandardCharsets.UTF_8.name());
    }

    public SimpleStringEncoder(String charsetName) {
        this.charsetName = Charset.forName(charsetName).name(); // an unknown charset fails here, not at the first record
    }

    @Override
    public void encode(IN element, OutputStream stream) throws IOException {
        if (charset == null) {
            charset = Charset.forName(charsetName);
        }
        stream.write(String.valueOf(element).getBytes(charset));
        stream.write('\n');
    }
}
