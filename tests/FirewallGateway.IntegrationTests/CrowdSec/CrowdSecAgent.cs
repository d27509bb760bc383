using System.Globalization;

namespace FirewallGateway.IntegrationTests.CrowdSec;

/// <summary>
/// Debian's crowdsec 1.4.6 as an agent only (its own local API off, no central API), with a configuration of the
/// test's own: the distribution's hub files for sshd (syslog parser, sshd parser, date enrichment, ssh-bf
/// scenario) reading one log file, and <c>api.client</c> credentials pointing at the gateway.
/// </summary>
internal sealed class CrowdSecAgent
{
    private const string Hub = "/var/lib/crowdsec/hub";

    private CrowdSecAgent(string folder)
    {
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>The log file the agent tails (sshd lines in syslog format).</summary>
    public string AuthLog => Path.Combine(Folder, "auth.log");

    public string ConfigPath => Path.Combine(Folder, "config.yaml");

    public static CrowdSecAgent Prepare(string folder, Uri gateway, string machineId, string password)
    {
        var agent = new CrowdSecAgent(folder);
        string config = Path.Combine(folder, "etc");
        foreach (var (stage, file) in new[]
                 {
                     ("parsers/s00-raw", "parsers/s00-raw/crowdsecurity/syslog-logs.yaml"),
                     ("parsers/s01-parse", "parsers/s01-parse/crowdsecurity/sshd-logs.yaml"),
                     ("parsers/s02-enrich", "parsers/s02-enrich/crowdsecurity/dateparse-enrich.yaml"),
                     ("scenarios", "scenarios/crowdsecurity/ssh-bf.yaml"),
                 })
        {
            Directory.CreateDirectory(Path.Combine(config, stage));
            File.CreateSymbolicLink(Path.Combine(config, stage, Path.GetFileName(file)), Path.Combine(Hub, file));
        }

        File.CreateSymbolicLink(Path.Combine(config, "patterns"), "/etc/crowdsec/patterns");
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.WriteAllText(Path.Combine(config, "simulation.yaml"), "simulation: off\nexclusions: []\n");
        File.WriteAllText(agent.AuthLog, string.Empty);
        File.WriteAllText(Path.Combine(config, "acquis.yaml"), $"filenames:\n  - {agent.AuthLog}\nlabels:\n  type: syslog\n");
        File.WriteAllText(
            Path.Combine(config, "local_api_credentials.yaml"),
            $"url: {gateway.ToString().TrimEnd('/')}\nlogin: {machineId}\npassword: {password}\n");
        File.WriteAllText(agent.ConfigPath, $"""
            common:
              daemonize: false
              log_media: stdout
              log_level: info
              working_dir: .
            config_paths:
              config_dir: {config}/
              data_dir: {folder}/data/
              simulation_path: {config}/simulation.yaml
              hub_dir: {Hub}/
              index_path: {Hub}/.index.json
            crowdsec_service:
              acquisition_path: {config}/acquis.yaml
              parser_routines: 1
            api:
              client:
                insecure_skip_verify: false
                credentials_path: {config}/local_api_credentials.yaml
              server:
                enable: false
            prometheus:
              enabled: false
            """);
        return agent;
    }

    public RunningProgram Start() => RunningProgram.Start("/usr/bin/crowdsec", "-c", ConfigPath, "-no-api");

    /// <summary>Appends <paramref name="count"/> sshd authentication failures from <paramref name="address"/>, stamped now.</summary>
    public void AppendFailures(string address, int count)
    {
        var now = DateTime.Now;
        var lines = Enumerable.Range(0, count).Select(i => string.Create(
            CultureInfo.InvariantCulture,
            $"{now:MMM} {now.Day,2} {now:HH:mm:ss} web1 sshd[{4100 + i}]: Failed password for invalid user admin from {address} port {40000 + i} ssh2\n"));
        File.AppendAllText(AuthLog, string.Concat(lines));
    }
}
