namespace FirewallGateway.Receivers.Syslog.Parsing;

/// <summary>The header shape a message arrived in.</summary>
internal enum SyslogFormat
{
    /// <summary>No recognised header: a bare message (file lines, MikroTik's default <c>&lt;PRI&gt;topics message</c>).</summary>
    Bare,

    /// <summary>RFC 3164: <c>Mmm dd hh:mm:ss host tag: message</c>.</summary>
    Rfc3164,

    /// <summary>RFC 3164 layout with an RFC 3339 timestamp (rsyslog high-precision files, MikroTik iso8601).</summary>
    Rfc3164Iso,

    /// <summary>RFC 5424: <c>1 timestamp host app procid msgid sd message</c>.</summary>
    Rfc5424,
}
