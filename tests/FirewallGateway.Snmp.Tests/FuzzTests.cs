using System.Net;

namespace FirewallGateway.Snmp.Tests;

/// <summary>
/// Random mutations and truncations of valid packets (seeded, so a failure replays): decoding and USM processing
/// may refuse them, but only with <see cref="SnmpDecodeException"/> or <see cref="UsmException"/>, and promptly.
/// </summary>
public sealed class FuzzTests
{
    private const int MutantsPerSeed = 700;
    private static readonly byte[] EngineId = Convert.FromHexString("80001F8880E9630000D61FF449");
    private static readonly UsmUser User = new("gateway", AuthProtocol.Sha1, "auth-pass-1", PrivProtocol.Aes128, "priv-pass-1");
    private static readonly UsmLocalizedKeys Keys = Usm.LocalizeKeys(User, EngineId);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Decode_MutatedValidPackets_OnlyTypedErrors(int seed)
    {
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        // The bound that makes a hang fail the test instead of the CI run.
        await Task.Run(() =>
        {
            foreach (byte[] valid in ValidPackets())
            {
                for (int i = 0; i < MutantsPerSeed; i++)
                {
                    byte[] mutant = Mutate(valid, random);
                    string outcome = Process(mutant, seed, i);
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                }
            }
        }).WaitAsync(TimeSpan.FromSeconds(60));

        // The mutations must exercise both paths, or the test proves nothing.
        Assert.True(outcomes.GetValueOrDefault("decode-error") > 100, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("decoded") > 100, string.Join(", ", outcomes));
    }

    private static string Process(byte[] packet, int seed, int index)
    {
        try
        {
            SnmpMessage message = SnmpCodec.Decode(packet);
            if (message is SnmpV3Envelope envelope)
            {
                try
                {
                    Usm.Open(envelope, User, Keys);
                }
                catch (UsmException)
                {
                    return "usm-error";
                }
            }

            return "decoded";
        }
        catch (SnmpDecodeException)
        {
            return "decode-error";
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"seed {seed} mutant {index} ({Convert.ToHexString(packet)}) threw {ex.GetType().Name}", ex);
        }
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        byte[] mutant = (byte[])valid.Clone();
        switch (random.Next(5))
        {
            case 0:
                return mutant[..random.Next(mutant.Length)];
            case 1:
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                {
                    mutant[random.Next(mutant.Length)] ^= (byte)(1 << random.Next(8));
                }

                return mutant;
            case 2:
                // Lengths and tags are the interesting bytes: set one to a boundary value.
                byte[] boundaries = [0x00, 0x7F, 0x80, 0x81, 0x84, 0x85, 0xFF, 0x30, 0x04, 0x06];
                mutant[random.Next(mutant.Length)] = boundaries[random.Next(boundaries.Length)];
                return mutant;
            case 3:
                int at = random.Next(mutant.Length);
                var inserted = new byte[random.Next(1, 8)];
                random.NextBytes(inserted);
                return [.. mutant[..at], .. inserted, .. mutant[at..]];
            default:
                int start = random.Next(mutant.Length);
                return [.. mutant[..start], .. mutant[Math.Min(mutant.Length, start + random.Next(1, 6))..]];
        }
    }

    private static IEnumerable<byte[]> ValidPackets()
    {
        VarBind[] everyKind =
        [
            new(Oid.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(123456)),
            new(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("edge-router")),
            new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.14988.1"))),
            new(Oid.Parse("1.3.6.1.4.1.9999.1"), SnmpValue.IpAddress(IPAddress.Parse("1.0.1.7"))),
            new(Oid.Parse("1.3.6.1.4.1.9999.2"), SnmpValue.Counter64(ulong.MaxValue)),
            new(Oid.Parse("1.3.6.1.4.1.9999.3"), SnmpValue.Integer32(-12345)),
            new(Oid.Parse("1.3.6.1.4.1.9999.4"), SnmpValue.Counter32(uint.MaxValue)),
            new(Oid.Parse("1.3.6.1.4.1.9999.5"), SnmpValue.NoSuchInstance),
        ];
        yield return SnmpCodec.EncodeV2c(new SnmpV2cMessage("public", new Pdu(PduType.Response, 7, 0, 0, everyKind)));
        yield return SnmpCodec.EncodeV2c(new SnmpV2cMessage("traps", new Pdu(PduType.SNMPv2Trap, 8, 0, 0, everyKind[..3])));
        var scoped = new ScopedPdu(EngineId, new Pdu(PduType.InformRequest, 9, 0, 0, everyKind));
        yield return SnmpCodec.EncodeV3(
            new SnmpV3Message(10, 1500, SnmpV3Flags.AuthPriv | SnmpV3Flags.Reportable, UsmSecurityParameters.For(EngineId, 3, 400, "gateway"), scoped),
            Keys);
        yield return SnmpCodec.EncodeV3(
            new SnmpV3Message(11, 1500, SnmpV3Flags.Auth, UsmSecurityParameters.For(EngineId, 3, 400, "gateway"), scoped),
            Keys);
        yield return SnmpCodec.EncodeV3(new SnmpV3Message(12, 1500, SnmpV3Flags.Reportable, UsmSecurityParameters.Discovery,
            new ScopedPdu(ReadOnlyMemory<byte>.Empty, Pdu.Request(PduType.GetRequest, 12, []))));
    }
}
