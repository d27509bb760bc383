using FirewallGateway.Receivers.Syslog.Fail2banFilters;

namespace FirewallGateway.Receivers.Syslog.Tests.Fail2banFilters;

/// <summary>Debian's fail2ban filters, read and run on lines of fail2ban's own sample logs.</summary>
public sealed class Fail2banFilterTests
{
    private const string FilterFolder = "/etc/fail2ban/filter.d";
    private static readonly DateTimeOffset At = new(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sshd_RootLoginRefused_FindsTheAddress()
    {
        var filter = new Fail2banFilter(Fail2banFilterDefinition.Load(Path.Combine(FilterFolder, "sshd.conf"), new Dictionary<string, string>()));
        const string line = "Jan  5 01:31:41 www sshd[1643]: ROOT LOGIN REFUSED FROM 1.2.3.4";
        var failure = filter.Find(line, new Fail2banFilterState(), At);
        Assert.True(failure is not null, $"stripped: [{filter.WithoutDate(line)}]\nprefregex: {filter.Definition.PrefRegex}\nfail0: {filter.Definition.FailRegex[0]}");
        Assert.Equal("1.2.3.4", failure.Address);
        Assert.Equal("ROOT", failure.User);
    }

    [Fact]
    public void Sshd_TooManyFailuresThenClose_TakesTheAddressFromTheSameConnection()
    {
        // "Disconnecting: Too many authentication failures" names no address: fail2ban keeps it pending under the
        // connection id (the prefix, sshd[pid]) until a later line of the same connection gives the address.
        var filter = new Fail2banFilter(Fail2banFilterDefinition.Load(Path.Combine(FilterFolder, "sshd.conf"), new Dictionary<string, string>()));
        var state = new Fail2banFilterState();
        Assert.Null(filter.Find("Jan  5 01:31:41 www sshd[77]: Disconnecting: Too many authentication failures for root [preauth]", state, At));
        var failure = filter.Find("Jan  5 01:31:42 www sshd[77]: Connection closed by 1.0.16.9 port 22 [preauth]", state, At);
        Assert.NotNull(failure);
        Assert.Equal("1.0.16.9", failure.Address);
        Assert.Equal(2, failure.Lines.Count);
        Assert.Null(filter.Find("Jan  5 01:31:43 www sshd[78]: Connection closed by 1.0.16.9 port 22 [preauth]", state, At));
    }

    [Fact]
    public void Translate_PythonSyntax_BecomesDotNet()
    {
        Assert.Equal(@"(?<n>a)\k<n>x{0,3}\z[\[a]", Fail2banRegexTranslator.Translate(@"(?P<n>a)(?P=n)x{,3}\Z[[a]"));
        Assert.Contains("(?<user>", Fail2banRegexTranslator.Translate("<F-USER>.*</F-USER> from <HOST>"), StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => Fail2banRegexTranslator.Translate("a<SKIPLINES>b <HOST>"));
    }

    [Fact]
    public void Load_MultiLineFilter_IsNamedAsUnsupportedWithTheReason()
    {
        var errors = new List<string>();
        var import = Fail2banFilterLoader.Load([FilterFolder], _ => null, errors, System.Text.RegularExpressions.RegexOptions.None);
        Assert.Empty(errors);
        Assert.Contains(import.Unsupported, u => u.StartsWith("slapd: maxlines = 20", StringComparison.Ordinal));
        Assert.Contains(import.Filters, f => f.Name == "sshd");
        Assert.Contains(import.Notes, n => n.StartsWith("common: no failregex", StringComparison.Ordinal));
        Assert.True(import.Filters.Count >= 80, $"{import.Filters.Count} filters loaded");
    }
}

/// <summary>A filter written for the test: its content group does not end the line (fail2ban then matches on a copy).</summary>
public sealed class Fail2banFilterContentTests
{
    [Fact]
    public void Find_ContentNotAtLineEnd_MatchesOnTheContentAlone()
    {
        string folder = Directory.CreateTempSubdirectory("issue-16-filter-").FullName;
        try
        {
            string path = Path.Combine(folder, "mid.conf");
            File.WriteAllText(path, "[Definition]\nprefregex = ^\\S+ <F-CONTENT>auth \\S+ from \\S+</F-CONTENT> tail$\nfailregex = ^auth failed from <HOST>$\n");
            var filter = new Fail2banFilter(Fail2banFilterDefinition.Load(path, new Dictionary<string, string>()));
            var failure = filter.Find("host auth failed from 1.0.16.7 tail", new Fail2banFilterState(), DateTimeOffset.UnixEpoch);
            Assert.NotNull(failure);
            Assert.Equal("1.0.16.7", failure.Address);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
