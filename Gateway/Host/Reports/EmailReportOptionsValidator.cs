using FirewallGateway.Core.Options;
using MimeKit;

namespace FirewallGateway.Reports;

/// <summary>Ranges from the attributes; server, sender and recipients are required once a schedule is on.</summary>
internal sealed class EmailReportOptionsValidator : SectionValidator<EmailReportOptions>
{
    public EmailReportOptionsValidator()
        : base(EmailReportOptions.SectionName)
    {
    }

    protected override IEnumerable<string> ValidateMore(EmailReportOptions options)
    {
        bool on = options.Schedule != "off";
        if (on && string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            yield return $"{SectionPath}:SmtpHost is required when {SectionPath}:Schedule is {options.Schedule}";
        }

        if (on && string.IsNullOrWhiteSpace(options.From))
        {
            yield return $"{SectionPath}:From is required when {SectionPath}:Schedule is {options.Schedule}";
        }
        else if (options.From is { Length: > 0 } from && !MailboxAddress.TryParse(from, out _))
        {
            yield return $"{SectionPath}:From '{from}' is not an e-mail address";
        }

        if (on && options.To.Count == 0)
        {
            yield return $"{SectionPath}:To needs at least one recipient when {SectionPath}:Schedule is {options.Schedule}";
        }

        for (int i = 0; i < options.To.Count; i++)
        {
            if (!MailboxAddress.TryParse(options.To[i], out _))
            {
                yield return $"{SectionPath}:To:{i} '{options.To[i]}' is not an e-mail address";
            }
        }

        if (options.SmtpPassword is { Length: > 0 } && string.IsNullOrEmpty(options.SmtpUser))
        {
            yield return $"{SectionPath}:SmtpUser is required when {SectionPath}:SmtpPassword is set";
        }
    }
}
