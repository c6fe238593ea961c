package dev.epollgateway.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files {@code docker build .} sends from the project directory, read from {@code .dockerignore}.
 * <p>
 * Testcontainers tars whatever it is given, so instead of the whole project (the {@code target} directory changes
 * while Maven runs) the test sends exactly what the ignore file lets through. Only the form this project uses is
 * understood: {@code *} first, then {@code !glob} exceptions; anything else fails, so a changed ignore file cannot
 * silently change what the test builds.
 */
final class BuildContext {

	private BuildContext() {
	}

	/** Paths relative to the project directory: the Dockerfile, the ignore file and every file it admits. */
	static List<Path> files(Path projectDirectory) {
		List<String> rules = rules(projectDirectory.resolve(".dockerignore"));
		if (rules.isEmpty() || !rules.get(0).equals("*")) {
			throw new IllegalStateException(".dockerignore must start with '*' (ignore all, then admit with '!')");
		}
		List<Path> files = new ArrayList<>(List.of(Path.of("Dockerfile"), Path.of(".dockerignore")));
		for (String rule : rules.subList(1, rules.size())) {
			if (!rule.startsWith("!")) {
				throw new IllegalStateException("unsupported .dockerignore rule after '*': " + rule);
			}
			files.addAll(matching(projectDirectory, rule.substring(1)));
		}
		return files;
	}

	/** Files matching one glob, searched only below the glob's fixed leading directories. */
	private static List<Path> matching(Path projectDirectory, String glob) {
		int wildcard = indexOfWildcard(glob);
		int slash = glob.lastIndexOf('/', (wildcard < 0) ? glob.length() : wildcard);
		Path base = (slash < 0) ? Path.of("") : Path.of(glob.substring(0, slash));
		int depth = (int) glob.substring(slash + 1).chars().filter((c) -> c == '/').count() + 1;
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
		Path start = projectDirectory.resolve(base);
		if (!Files.isDirectory(start)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(start, depth)) {
			return walk.filter(Files::isRegularFile)
				.map(projectDirectory::relativize)
				.filter(matcher::matches)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int indexOfWildcard(String glob) {
		for (int i = 0; i < glob.length(); i++) {
			if ("*?[{".indexOf(glob.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

	private static List<String> rules(Path ignoreFile) {
		try {
			return Files.readAllLines(ignoreFile)
				.stream()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
