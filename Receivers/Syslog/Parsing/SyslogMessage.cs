namespace FirewallGateway.Receivers.Syslog.Parsing;

/// <summary>
/// One parsed message as slices of the decoded text: nothing is copied until a rule needs a string.
/// Empty slices mean the field was absent (or the NILVALUE <c>-</c>).
/// </summary>
internal readonly ref struct SyslogMessage
{
    /// <summary>PRI (facility × 8 + severity), or -1 when the line had none.</summary>
    public int Priority { get; init; }

    public SyslogFormat Format { get; init; }

    /// <summary>The timestamp text as sent (RFC 3164 or RFC 3339), unparsed; see <see cref="SyslogTimestamp"/>.</summary>
    public ReadOnlySpan<char> Timestamp { get; init; }

    public ReadOnlySpan<char> Host { get; init; }

    /// <summary>The syslog tag's program or RFC 5424 APP-NAME (<c>sshd</c>, <c>sshd-session</c>, <c>postfix/smtpd</c>).</summary>
    public ReadOnlySpan<char> Program { get; init; }

    public ReadOnlySpan<char> ProcessId { get; init; }

    /// <summary>MikroTik topics (<c>system,error,critical</c>), comma separated.</summary>
    public ReadOnlySpan<char> Topics { get; init; }

    /// <summary>The free text the rules match.</summary>
    public ReadOnlySpan<char> Text { get; init; }
}
