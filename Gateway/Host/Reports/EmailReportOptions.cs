using System.ComponentModel.DataAnnotations;

namespace FirewallGateway.Reports;

/// <summary>The scheduled e-mail report. Section <c>Reports</c>.</summary>
public sealed class EmailReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>"off" (default), "daily", "weekly" (Mondays) or "monthly" (the 1st); sent at <see cref="SendAtHour"/> UTC and covering the period just ended.</summary>
    [Required]
    [RegularExpression(@"\A(off|daily|weekly|monthly)\z", ErrorMessage = "must be off, daily, weekly or monthly")]
    public string Schedule { get; set; } = "off";

    /// <summary>Hour of the day (UTC, 0-23) the scheduled report is sent. Default 6.</summary>
    [Range(0, 23)]
    public int SendAtHour { get; set; } = 6;

    /// <summary>SMTP server host name or address. Required unless Schedule is off (and for "report email").</summary>
    public string? SmtpHost { get; set; }

    /// <summary>SMTP port, 1-65535. Default 587.</summary>
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary>
    /// "auto" (default: TLS on 465, STARTTLS when offered elsewhere), "starttls" (required), "tls" (implicit) or
    /// "none" (plain, only for a relay on this machine).
    /// </summary>
    [Required]
    [RegularExpression(@"\A(auto|starttls|tls|none)\z", ErrorMessage = "must be auto, starttls, tls or none")]
    public string SmtpSecurity { get; set; } = "auto";

    /// <summary>SMTP login; none when empty.</summary>
    public string? SmtpUser { get; set; }

    /// <summary>SMTP password for <see cref="SmtpUser"/>.</summary>
    public string? SmtpPassword { get; set; }

    /// <summary>Sender address. Required unless Schedule is off.</summary>
    public string? From { get; set; }

    /// <summary>Recipient addresses (<c>Reports:To:0</c>, <c>Reports:To:1</c> ...). At least one unless Schedule is off.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>Rows in each top list, 1-100. Default 10.</summary>
    [Range(1, 100)]
    public int TopCount { get; set; } = 10;

    /// <summary>Seconds to wait for the SMTP server, 1-300. Default 30.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}
