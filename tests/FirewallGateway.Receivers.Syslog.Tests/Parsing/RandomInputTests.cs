using FirewallGateway.Receivers.Syslog.Parsing;
using FirewallGateway.Receivers.Syslog.Rules;

namespace FirewallGateway.Receivers.Syslog.Tests.Parsing;

/// <summary>Decoder, parser and rules on random and mutated input: refusals are values, never exceptions.</summary>
public sealed class RandomInputTests
{
    [Fact]
    public void DecodeParseDetect_RandomAndMutatedBytes_NeverThrow()
    {
        var random = new Random(1234);
        var engine = new DetectionEngine(RuleSetBuilder.Build(new SyslogReceiverOptions(), []), 1000);
        var matches = new List<RuleMatch>();
        var chars = new char[8192];
        byte[][] seeds =
        [
            "<38>Jun 12 08:14:48 web-01 sshd[23409]: Failed password for root from 1.0.1.45 port 51098 ssh2"u8.ToArray(),
            "<38>1 2025-06-12T08:14:53.000001Z web sshd 1 - [a b=\"c\\\"]\"] \xEF\xBB\xBFmsg"u8.ToArray(),
            "<26>system,error,critical login failure for user admin from 1.0.3.45 via winbox"u8.ToArray(),
        ];
        int parsed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input = i % 2 == 0 ? Mutate(seeds[i % seeds.Length], random) : RandomBytes(random);
            if (MessageDecoder.TryDecode(input, chars, out int written, out _)
                && SyslogParser.TryParse(chars.AsSpan(0, written), requirePriority: true, out var message, out _))
            {
                parsed++;
                matches.Clear();
                engine.Process(message, DateTimeOffset.UnixEpoch, matches);
            }
        }

        Assert.InRange(parsed, 1, 19_999);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        byte[] copy = (byte[])seed.Clone();
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits; e++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy[..random.Next(1, copy.Length + 1)];
    }

    private static byte[] RandomBytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        if (bytes.Length > 0)
        {
            bytes[0] = (byte)'<';
        }

        return bytes;
    }
}
