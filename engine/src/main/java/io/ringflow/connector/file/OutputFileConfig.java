package io.ringflow.connector.file;

import java.io.Serializable;

/** The prefix and suffix of part file names ({@code part} and none by default), as Flink's. */
public final class OutputFileConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String partPrefix;
    private final String partSuffix;

    private OutputFileConfig(String partPrefix, String partSuffix) {
        if (partPrefix.contains("/") || partSuffix.contains("/")) {
            throw new IllegalArgumentException("a part file prefix or suffix may not contain '/': " + partPrefix
                + ", " + partSuffix);
        }
        this.partPrefix = partPrefix;
        this.partSuffix = partSuffix;
    }

    public static OutputFileConfigBuilder builder() {
        return new OutputFileConfigBuilder();
    }

    public String getPartPrefix() {
        return partPrefix;
    }

    public String getPartSuffix() {
        return partSuffix;
    }

    public static final class OutputFileConfigBuilder {
        private String partPrefix = "part";
        private String partSuffix = "";

        public OutputFileConfigBuilder withPartPrefix(String prefix) {
            this.partPrefix = prefix;
            return this;
        }

        public OutputFileConfigBuilder withPartSuffix(String suffix) {
            this.partSuffix = suffix;
            return this;
        }

        public OutputFileConfig build() {
            return new OutputFileConfig(partPrefix, partSuffix);
        }
    }
}
