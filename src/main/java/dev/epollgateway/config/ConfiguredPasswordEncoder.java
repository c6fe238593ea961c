package dev.epollgateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes the built-in users' passwords in memory with a random salt and SHA-256, and checks them in constant time.
 * <p>
 * A deliberately slow hash (BCrypt) protects weak, user-chosen passwords in a leaked database. These passwords come
 * from the configuration or are generated (18 random bytes), their plain text is in the environment anyway, and the
 * hash only keeps it out of a heap dump; meanwhile HTTP Basic checks the password on every request, and BCrypt, even
 * at cost 6, spends 5 to 7 ms of CPU per request here: CPU the echo loops share. Thread-safe.
 */
final class ConfiguredPasswordEncoder implements PasswordEncoder {

	private static final int SALT_BYTES = 16;

	private final SecureRandom random = new SecureRandom();

	@Override
	public String encode(CharSequence rawPassword) {
		byte[] salt = new byte[SALT_BYTES];
		this.random.nextBytes(salt);
		Base64.Encoder base64 = Base64.getEncoder();
		return base64.encodeToString(salt) + "$" + base64.encodeToString(digest(salt, rawPassword));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return false;
		}
		int separator = encodedPassword.indexOf('$');
		if (separator < 0) {
			return false;
		}
		try {
			byte[] salt = Base64.getDecoder().decode(encodedPassword.substring(0, separator));
			byte[] expected = Base64.getDecoder().decode(encodedPassword.substring(separator + 1));
			return MessageDigest.isEqual(expected, digest(salt, rawPassword));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static byte[] digest(byte[] salt, CharSequence rawPassword) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(salt);
			sha256.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
			return sha256.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
