using System.Text;
using FirewallGateway.Receivers.Syslog.Parsing;

namespace FirewallGateway.Receivers.Syslog.Tests.Parsing;

public sealed class SyslogParserTests
{
    [Fact]
    public void TryParse_Rfc3164WithPid_SplitsHeaderAndTag()
    {
        Assert.True(SyslogParser.TryParse("<38>Jun  2 08:14:51 web-01 sshd[23411]: Failed password", true, out var m, out _));
        Assert.Equal(38, m.Priority);
        Assert.Equal(SyslogFormat.Rfc3164, m.Format);
        Assert.Equal("Jun  2 08:14:51", m.Timestamp.ToString());
        Assert.Equal("web-01", m.Host.ToString());
        Assert.Equal("sshd", m.Program.ToString());
        Assert.Equal("23411", m.ProcessId.ToString());
        Assert.Equal("Failed password", m.Text.ToString());
    }

    [Fact]
    public void TryParse_Rfc3164WithoutHostname_TakesTagNotHost()
    {
        Assert.True(SyslogParser.TryParse("<13>Nov 23 05:30:00 sshd-session[9]: hello", true, out var m, out _));
        Assert.True(m.Host.IsEmpty);
        Assert.Equal("sshd-session", m.Program.ToString());
        Assert.Equal("hello", m.Text.ToString());
    }

    [Fact]
    public void TryParse_Rfc5424WithStructuredDataAndBom_ReadsEveryField()
    {
        string line = "<38>1 2025-06-12T08:14:53.000001Z web-01.example.net sshd 23415 ID47 [timeQuality tzKnown=\"1\" isSynced=\"1\"][x@1 a=\"q\\\"]\"] \uFEFFConnection closed";
        Assert.True(SyslogParser.TryParse(line, true, out var m, out string? reject), reject);
        Assert.Equal(SyslogFormat.Rfc5424, m.Format);
        Assert.Equal("2025-06-12T08:14:53.000001Z", m.Timestamp.ToString());
        Assert.Equal("web-01.example.net", m.Host.ToString());
        Assert.Equal("sshd", m.Program.ToString());
        Assert.Equal("23415", m.ProcessId.ToString());
        Assert.Equal("Connection closed", m.Text.ToString());
    }

    [Fact]
    public void TryParse_Rfc5424AllNil_HasEmptyFieldsAndNoMessage()
    {
        Assert.True(SyslogParser.TryParse("<13>1 - - - - - -", true, out var m, out _));
        Assert.True(m.Host.IsEmpty && m.Program.IsEmpty && m.Timestamp.IsEmpty && m.Text.IsEmpty);
    }

    [Fact]
    public void TryParse_MikroTikDefault_ReadsTopicsWithoutHeader()
    {
        Assert.True(SyslogParser.TryParse("<134>system,info,account user admin logged in from 10.0.0.5 via winbox", true, out var m, out _));
        Assert.Equal(SyslogFormat.Bare, m.Format);
        Assert.Equal("system,info,account", m.Topics.ToString());
        Assert.True(m.Program.IsEmpty);
        Assert.Equal("user admin logged in from 10.0.0.5 via winbox", m.Text.ToString());
    }

    [Fact]
    public void TryParse_MikroTikIso8601WithTopics_ReadsHostAndTopics()
    {
        Assert.True(SyslogParser.TryParse("<30>2024-01-15T10:20:30.000+01:00 MikroTik system,info,account user bob logged in", true, out var m, out _));
        Assert.Equal(SyslogFormat.Rfc3164Iso, m.Format);
        Assert.Equal("MikroTik", m.Host.ToString());
        Assert.Equal("system,info,account", m.Topics.ToString());
        Assert.Equal("user bob logged in", m.Text.ToString());
    }

    [Fact]
    public void TryParse_MikroTikBsdWithoutTopics_LeavesTextWhole()
    {
        Assert.True(SyslogParser.TryParse("<26>Jun 12 08:15:01 gw-core login failure for user admin from 1.0.0.1 via ssh", true, out var m, out _));
        Assert.Equal("gw-core", m.Host.ToString());
        Assert.True(m.Topics.IsEmpty && m.Program.IsEmpty);
        Assert.Equal("login failure for user admin from 1.0.0.1 via ssh", m.Text.ToString());
    }

    [Fact]
    public void TryParse_EveryPayloadFile_ParsesEveryLine()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Golden", "payloads");
        foreach (string file in Directory.GetFiles(folder))
        {
            foreach (string line in File.ReadLines(file))
            {
                // sshd-syslog-wire.log's last line is an octet-counted TCP frame: the framer strips the count.
                string message = char.IsAsciiDigit(line[0]) ? line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..] : line;
                Assert.True(SyslogParser.TryParse(message, requirePriority: false, out var m, out string? reject), $"{Path.GetFileName(file)}: {reject}: {line}");
                Assert.False(m.Text.IsEmpty, line);
            }
        }
    }

    [Theory]
    [InlineData("<13", RejectReasons.BadPriority)]
    [InlineData("<", RejectReasons.BadPriority)]
    [InlineData("<>hello", RejectReasons.BadPriority)]
    [InlineData("<192>hello", RejectReasons.BadPriority)]
    [InlineData("<013>hello", RejectReasons.BadPriority)]
    [InlineData("<1234>hello", RejectReasons.BadPriority)]
    [InlineData("hello without pri", RejectReasons.BadPriority)]
    [InlineData("", RejectReasons.Empty)]
    [InlineData("<13>1 2025-06-12T08:14:53Z host", RejectReasons.BadHeader)]
    [InlineData("<13>1 yesterday host app 1 - - msg", RejectReasons.BadTimestamp)]
    [InlineData("<13>1 - host app 1 - [unclosed a=\"b\" msg", RejectReasons.BadStructuredData)]
    [InlineData("<13>1 - host app 1 - x msg", RejectReasons.BadStructuredData)]
    public void TryParse_MalformedWireMessage_RejectsWithReason(string line, string reason)
    {
        Assert.False(SyslogParser.TryParse(line, requirePriority: true, out _, out string? reject));
        Assert.Equal(reason, reject);
    }

    [Fact]
    public void TryDecode_InvalidUtf8_RejectsInvalidUtf8()
    {
        byte[] bytes = [.. "<13>bad "u8, 0xC3, 0x28, .. " tail"u8];
        Assert.False(MessageDecoder.TryDecode(bytes, new char[64], out _, out string? reject));
        Assert.Equal(RejectReasons.InvalidUtf8, reject);
    }

    [Fact]
    public void TryDecode_NulByte_RejectsNulByte()
    {
        byte[] bytes = [.. "<13>sshd: Failed password for root from 1.0.0.1"u8, 0, .. " port 1"u8];
        Assert.False(MessageDecoder.TryDecode(bytes, new char[128], out _, out string? reject));
        Assert.Equal(RejectReasons.NulByte, reject);
    }

    [Fact]
    public void TryDecode_Utf8WithTrailingNewline_DecodesWithoutLineEnd()
    {
        var chars = new char[32];
        Assert.True(MessageDecoder.TryDecode(Encoding.UTF8.GetBytes("<13>grüße\r\n"), chars, out int written, out _));
        Assert.Equal("<13>grüße", new string(chars, 0, written));
    }

    [Theory]
    [InlineData("Feb 7 16:01:07 linux-m899 sshd[5106]: User root", "Feb 7 16:01:07", "linux-m899", "sshd", "User root", 2, 7)]
    [InlineData("Mar  3 00:17:22 [sshd]: User root", "Mar  3 00:17:22", "", "sshd", "User root", 3, 3)]
    [InlineData("Jun 25 23:53:34 [sshd] User root", "Jun 25 23:53:34", "", "sshd", "User root", 6, 25)]
    [InlineData("2013-08-11 03:56:40 auth-worker: Info: x", "2013-08-11 03:56:40", "", "auth-worker", "Info: x", 8, 11)]
    public void TryParse_FileHeadersFail2banSamplesUse_SplitsHeaderAndTag(string line, string timestamp, string host, string program, string text, int month, int day)
    {
        Assert.True(SyslogParser.TryParse(line, false, out var m, out _));
        Assert.Equal(timestamp, m.Timestamp.ToString());
        Assert.Equal(host, m.Host.ToString());
        Assert.Equal(program, m.Program.ToString());
        Assert.Equal(text, m.Text.ToString());
        Assert.True(SyslogTimestamp.TryResolve(m.Timestamp, new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), out var at));
        Assert.Equal((month, day), (at.Month, at.Day));
    }

    [Fact]
    public void TryParse_Tai64nLabel_IsSkippedBeforeTheTag()
    {
        Assert.True(SyslogParser.TryParse("@400000004c91b044077a9e94 imap-login: Info: Aborted login", false, out var m, out _));
        Assert.True(m.Timestamp.IsEmpty);
        Assert.Equal("imap-login", m.Program.ToString());
        Assert.Equal("Info: Aborted login", m.Text.ToString());
    }

    [Theory]
    [InlineData("[error] 12#12: *3 user \"a\": password mismatch")]
    [InlineData("Feb 7 1:01:07 host sshd[1]: x")]
    public void TryParse_NotATimestampOrTag_StaysInTheText(string line)
    {
        Assert.True(SyslogParser.TryParse(line, false, out var m, out _));
        Assert.True(m.Timestamp.IsEmpty);
        Assert.True(m.Program.IsEmpty);
        Assert.Equal(line, m.Text.ToString());
    }
}
