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

    /**
     * Proves the folder writable with a probe file in it or, while it does not exist yet, in its nearest existing
     * ancestor (so that a run refused later for bad input leaves no empty folder behind); returns it.
     */
    static Path prepare(Path dir) {
        if (dir.toString().isBlank()) {
            throw new UserError("--out must name a folder, got an empty path");
        }
        try {
            Path probeDir = dir.toAbsolutePath();
            while (probeDir != null && !Files.exists(probeDir)) {
                probeDir = probeDir.getParent();
            }
            if (probeDir == null || !Files.isDirectory(probeDir)) {
                throw new UserError("--out " + dir + ": cannot write there (" + probeDir + " is not a folder)");
            }
            Path probe = Files.createTempFile(probeDir, ".write-probe", ".tmp");
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
