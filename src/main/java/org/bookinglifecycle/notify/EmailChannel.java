package org.bookinglifecycle.notify;

import java.util.Properties;

import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Email over SMTP with Spring's {@link JavaMailSenderImpl}: the subject line and the
 * event's JSON as plain text, the event id as Message-ID (the same on every attempt, so a
 * mail system can drop a duplicate).
 */
final class EmailChannel implements Channel {

	private final JavaMailSenderImpl sender = new JavaMailSenderImpl();

	private final NotificationSettings.ChannelSettings settings;

	EmailChannel(NotificationSettings.ChannelSettings settings) {
		this.settings = settings;
		this.sender.setHost(settings.value("host"));
		this.sender.setPort(Integer.parseInt(settings.value("port")));
		this.sender.setUsername(settings.value("username"));
		this.sender.setPassword(settings.secrets().get("password-env"));
		this.sender.setDefaultEncoding("UTF-8");
		Properties properties = new Properties();
		properties.put("mail.smtp.auth", String.valueOf(settings.secrets().containsKey("password-env")));
		properties.put("mail.smtp.starttls.enable", settings.value("starttls"));
		properties.put("mail.smtp.starttls.required", settings.value("starttls"));
		properties.put("mail.smtp.connectiontimeout", "10000");
		properties.put("mail.smtp.timeout", "10000");
		properties.put("mail.smtp.writetimeout", "10000");
		this.sender.setJavaMailProperties(properties);
	}

	@Override
	public void send(OutboxMessage message) throws Exception {
		MimeMessage mime = this.sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(mime, false, "UTF-8");
		helper.setFrom(this.settings.value("from"));
		helper.setTo(this.settings.to().toArray(String[]::new));
		helper.setSubject(message.subject());
		helper.setText(message.text());
		// JavaMailSenderImpl keeps a Message-ID set before sending
		mime.setHeader("Message-ID", message.messageId());
		mime.setHeader("X-Lifecycle-Event-Id", String.valueOf(message.eventId()));
		this.sender.send(mime);
	}

}
