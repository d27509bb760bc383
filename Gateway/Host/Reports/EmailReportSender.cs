using FirewallGateway.Api;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FirewallGateway.Reports;

/// <summary>Composes the report for a period and sends it through the configured SMTP server (MailKit).</summary>
internal sealed partial class EmailReportSender
{
    private readonly ReportComposer _composer;
    private readonly IOptionsMonitor<EmailReportOptions> _options;
    private readonly ILogger<EmailReportSender> _logger;

    public EmailReportSender(ReportComposer composer, IOptionsMonitor<EmailReportOptions> options, ILogger<EmailReportSender> logger)
    {
        _composer = composer;
        _options = options;
        _logger = logger;
    }

    /// <summary>Null when SMTP server, sender or recipients are not configured: the reason, naming the keys.</summary>
    public string? NotConfigured()
    {
        var o = _options.CurrentValue;
        return string.IsNullOrWhiteSpace(o.SmtpHost) || string.IsNullOrWhiteSpace(o.From) || o.To.Count == 0
            ? $"set {EmailReportOptions.SectionName}:SmtpHost, {EmailReportOptions.SectionName}:From and {EmailReportOptions.SectionName}:To to send e-mail reports"
            : null;
    }

    public async ValueTask<EmailSentView> SendAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var o = _options.CurrentValue;
        if (NotConfigured() is { } reason || o.SmtpHost is null || o.From is null)
        {
            throw new InvalidOperationException(NotConfigured());
        }

        var summary = await _composer.SummarizeAsync(from, to, o.TopCount, cancellationToken);
        string subject = $"FirewallGateway report {from.UtcDateTime:yyyy-MM-dd} - {to.UtcDateTime:yyyy-MM-dd}: {summary.Reports} reports";
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        foreach (string recipient in o.To)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = ReportComposer.Render(summary) };

        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        await client.ConnectAsync(o.SmtpHost, o.SmtpPort, Security(o.SmtpSecurity), cancellationToken);
        if (!string.IsNullOrEmpty(o.SmtpUser))
        {
            await client.AuthenticateAsync(o.SmtpUser, o.SmtpPassword ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        Log.Sent(_logger, subject, o.To);
        return new EmailSentView(o.To.ToList(), subject, from, to);
    }

    private static SecureSocketOptions Security(string mode) => mode switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "E-mail report '{Subject}' sent to {Recipients}")]
        public static partial void Sent(ILogger logger, string subject, IReadOnlyList<string> recipients);
    }
}
