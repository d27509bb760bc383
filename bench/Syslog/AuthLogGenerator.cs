using System.Globalization;
using System.Text;

namespace FirewallGateway.Syslog.Bench;

/// <summary>
/// A deterministic auth log: attackers in bursts (IPv4 and IPv6, every sshd failure form), legitimate logins,
/// and unrelated daemons, in RFC 3164 file format with one-second steps, like /var/log/auth.log.
/// </summary>
internal static class AuthLogGenerator
{
    public static void Write(string path, int lines, int seed = 42)
    {
        var random = new Random(seed);
        var time = new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);
        int pid = 1000;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        int written = 0;
        while (written < lines)
        {
            time = time.AddMilliseconds(random.Next(50, 900));
            string stamp = string.Create(CultureInfo.InvariantCulture, $"{time:MMM} {time.Day,2} {time:HH:mm:ss}");
            int kind = random.Next(100);
            if (kind < 35)
            {
                // A burst of failures from one attacker.
                string attacker = Attacker(random);
                int burst = random.Next(1, 9);
                for (int i = 0; i < burst && written < lines; i++, written++)
                {
                    writer.Write(stamp);
                    writer.Write(" web-01 ");
                    writer.WriteLine(Failure(random, attacker, ++pid));
                }

                continue;
            }

            writer.Write(stamp);
            writer.Write(" web-01 ");
            writer.WriteLine(kind switch
            {
                < 50 => $"sshd[{++pid}]: Accepted publickey for deploy from 10.20.{random.Next(256)}.{random.Next(1, 255)} port {random.Next(1024, 65535)} ssh2: ED25519 SHA256:Qm9ndXNGaW5nZXJwcmludA",
                < 60 => $"sshd[{pid}]: pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)",
                < 70 => $"sshd[{pid}]: Connection closed by 10.20.0.{random.Next(1, 255)} port {random.Next(1024, 65535)}",
                < 80 => $"CRON[{++pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
                < 88 => $"systemd-logind[412]: New session {random.Next(100000)} of user deploy.",
                < 94 => $"sudo:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx",
                _ => $"kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00:00 SRC=1.2.{random.Next(256)}.{random.Next(256)} DST=10.0.0.2 LEN=40 PROTO=TCP SPT=4444 DPT=23",
            });
            written++;
        }
    }

    private static string Attacker(Random random) =>
        random.Next(5) == 0
            ? $"2a00:1450:{random.Next(0, 40):x}::{random.Next(1, 4000):x}"
            : $"{random.Next(1, 100)}.{random.Next(256)}.{random.Next(40)}.{random.Next(1, 255)}";

    private static string Failure(Random random, string ip, int pid)
    {
        int port = random.Next(1024, 65535);
        string user = random.Next(4) switch { 0 => "root", 1 => "admin", 2 => "oracle", _ => "user" + random.Next(1000) };
        string program = random.Next(3) == 0 ? "sshd-session" : "sshd";
        return random.Next(9) switch
        {
            0 => $"{program}[{pid}]: Failed password for {user} from {ip} port {port} ssh2",
            1 => $"{program}[{pid}]: Failed password for invalid user {user} from {ip} port {port} ssh2",
            2 => $"{program}[{pid}]: Invalid user {user} from {ip} port {port}",
            3 => $"{program}[{pid}]: error: maximum authentication attempts exceeded for {user} from {ip} port {port} ssh2 [preauth]",
            4 => $"{program}[{pid}]: Failed publickey for invalid user {user} from {ip} port {port} ssh2: RSA SHA256:v3dpapGleDaUKf4V1vKyR9ZyUgjaJAmoCTcb2PLljI",
            5 => $"{program}[{pid}]: User {user} from {ip} not allowed because not listed in AllowUsers",
            6 => $"{program}[{pid}]: Failed keyboard-interactive/pam for invalid user {user} from {ip} port {port} ssh2",
            7 => $"{program}[{pid}]: Connection closed by authenticating user {user} {ip} port {port} [preauth]",
            _ => $"{program}[{pid}]: Failed password for {user} from ::ffff:{random.Next(1, 100)}.{random.Next(256)}.{random.Next(40)}.{random.Next(1, 255)} port {port} ssh2",
        };
    }
}
