package dev.berth.build.dockerfile;

/**
 * A here-document attached to a {@code RUN}, {@code COPY} or {@code ADD} instruction, such as
 * {@code RUN <<EOF}. The content is kept exactly as written (tabs included, even for
 * {@code <<-EOF}); {@link #chompedContent()} applies the {@code <<-} tab stripping.
 *
 * @param name the delimiter word, unquoted ({@code EOF} for {@code <<'EOF'})
 * @param fileDescriptor the descriptor written before {@code <<} ({@code 3<<EOF}), 0 when none
 * @param expand whether variables in the content are expanded (false when any part of the delimiter is quoted)
 * @param chomp whether the delimiter was written {@code <<-}, stripping leading tabs
 * @param content the lines between the instruction and the delimiter, each with its line ending
 * @param firstLine the 1-based line of the first content line
 * @see <a href="https://docs.docker.com/reference/dockerfile/#here-documents">Here-documents</a>
 */
public record Heredoc(String name, int fileDescriptor, boolean expand, boolean chomp, String content, int firstLine) {
    /** The content with leading tabs removed from every line when {@link #chomp()} is set. */
    public String chompedContent() {
        return chomp ? content.replaceAll("(?m)^\\t+", "") : content;
    }
}
