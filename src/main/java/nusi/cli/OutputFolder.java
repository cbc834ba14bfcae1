package nusi.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The output folder of a command, checked before any computation: an empty path or an unwritable one is refused. */
final class OutputFolder {
    private OutputFolder() {
    }

    /** Creates the folder if needed and proves it writable (a probe file); returns it. */
    static Path prepare(Path dir) {
        if (dir.toString().isBlank()) {
            throw new UserError("--out must name a folder, got an empty path");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
            Files.delete(probe);
            return dir;
        } catch (AccessDeniedException e) {
            throw new UserError("--out " + dir + ": cannot write there (Permission denied)");
        } catch (FileSystemException e) {
            throw new UserError("--out " + dir + ": cannot write there (" + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName()) + ")");
        } catch (IOException e) {
            throw new UserError("--out " + dir + ": cannot write there (" + e.getMessage() + ")");
        }
    }
}
