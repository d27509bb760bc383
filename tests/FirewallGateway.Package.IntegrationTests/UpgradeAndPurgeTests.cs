using FirewallGateway.TestSupport;

namespace FirewallGateway.Package.IntegrationTests;

[Collection(InstalledPackageGroup.Name)]
public sealed class UpgradeAndPurgeTests(PackageFixture fixture)
{
    private const string OperatorEdit = "\"AllowedHosts\": \"*\", \"Policy\": { \"DefaultBanDuration\": \"08:00:00\" },";

    [Fact]
    public async Task Reinstall_keeps_decisions_login_certificate_and_edited_settings_and_purge_removes_everything()
    {
        await using var package = await InstalledPackage.InstallAsync(fixture.DebPath);
        var first = await package.StartServiceAsync();
        await InstalledPackage.CliAsync("decisions", "add", "1.0.1.77", "--duration", "7d", "--reason", "kept across upgrades");
        Assert.Equal(0, await first.StopAsync());
        string login = await File.ReadAllTextAsync(Path.Combine(InstalledPackage.DataDirectory, "admin.credentials"));
        byte[] certificate = await File.ReadAllBytesAsync(InstalledPackage.CertificatePath);
        string settings = (await File.ReadAllTextAsync(InstalledPackage.ConfigPath)).Replace("\"AllowedHosts\": \"*\",", OperatorEdit, StringComparison.Ordinal);
        await File.WriteAllTextAsync(InstalledPackage.ConfigPath, settings);

        // The same package over itself: dpkg runs prerm upgrade, postrm upgrade and postinst configure <old version>.
        await InstalledPackage.DpkgInstallAsync(fixture.DebPath);

        Assert.Contains(OperatorEdit, await File.ReadAllTextAsync(InstalledPackage.ConfigPath), StringComparison.Ordinal);
        Assert.Equal(login, await File.ReadAllTextAsync(Path.Combine(InstalledPackage.DataDirectory, "admin.credentials")));
        Assert.Equal(certificate, await File.ReadAllBytesAsync(InstalledPackage.CertificatePath));
        var second = await package.StartServiceAsync();
        string decisions = await InstalledPackage.CliAsync("decisions", "list");
        Assert.Contains("1.0.1.77", decisions, StringComparison.Ordinal);
        Assert.Contains("kept across upgrades", decisions, StringComparison.Ordinal);
        Assert.Equal(0, await second.StopAsync());

        await package.PurgeAsync();

        string[] gone =
        [
            InstalledPackage.DataDirectory, "/etc/firewallgateway", "/usr/lib/firewallgateway", InstalledPackage.Cli,
            InstalledPackage.UnitPath, "/etc/systemd/system/multi-user.target.wants/firewallgateway.service",
            "/usr/share/doc/firewallgateway", "/usr/share/firewallgateway",
        ];
        Assert.DoesNotContain(gone, p => Path.Exists(p) || new FileInfo(p).LinkTarget is not null);
        Assert.DoesNotContain(File.ReadLines("/etc/passwd"), l => l.StartsWith(InstalledPackage.ServiceUser + ":", StringComparison.Ordinal));
        Assert.DoesNotContain(File.ReadLines("/etc/group"), l => l.StartsWith(InstalledPackage.ServiceUser + ":", StringComparison.Ordinal));
        var query = await ProcessRunner.RunAsync("dpkg-query", "-W", "-f=${db:Status-Abbrev}", InstalledPackage.Name);
        Assert.True(query.ExitCode != 0 || query.StandardOutput.StartsWith("un", StringComparison.Ordinal) || query.StandardOutput.Trim().Length == 0, query.StandardOutput);
    }
}
