using MLSegmentation.Trainers.Serialization;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// A pretrained U-Net encoder in one state-dict file: the network's <c>encoder.*</c> parameters and
/// buffers under their own names, with metadata <c>mlseg.encoder</c> (format version) and <c>network</c>
/// (the configuration it was trained with). Any segmenter with the same encoder configuration can start
/// from it (<see cref="Load"/>, or <see cref="PretrainedEncoderMethod"/> around any training method).
/// </summary>
public static class EncoderCheckpoint
{
    /// <summary>Format version written to <c>mlseg.encoder</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>The prefix of the encoder's entries in a U-Net's state dict.</summary>
    public const string Prefix = "encoder.";

    /// <summary>Writes <paramref name="network"/>'s encoder to <paramref name="path"/> (atomically).</summary>
    public static void Save(UNet network, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var encoder = new TensorArchive();
        encoder.AddTensors("encoder", network.state_dict().Where(kv => kv.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        encoder.Metadata["mlseg.encoder"] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        encoder.Metadata["network"] = System.Text.Json.JsonSerializer.Serialize(network.Options);
        foreach (KeyValuePair<string, string> kv in metadata ?? new Dictionary<string, string>()) encoder.Metadata[kv.Key] = kv.Value;
        encoder.Save(path);
    }

    /// <summary>
    /// Copies the encoder of <paramref name="path"/> into <paramref name="network"/> (decoder and head untouched).
    /// An encoder pretrained with <see cref="AttentionMode.InputChannel"/> has extra (mask) input channels: the
    /// first convolution keeps the slice of the image channels. Returns the number of tensors loaded.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not an encoder checkpoint, or an entry is missing.</exception>
    public static int Load(UNet network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        TensorArchive archive = Open(path);
        using var scope = torch.NewDisposeScope();
        Dictionary<string, Tensor> saved = archive.Tensors("encoder");
        int loaded = 0;
        using var noGrad = torch.no_grad();
        foreach ((string key, Tensor have) in network.state_dict())
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            if (!saved.TryGetValue(key, out Tensor? source)) throw new InvalidDataException($"{path}: the encoder checkpoint has no '{key}' (a different encoder configuration?)");
            long[] want = have.shape, got = source.shape;
            bool maskChannels = want.Length == got.Length && want.Length > 2 && got[1] > want[1]
                && want.Where((d, i) => i != 1).SequenceEqual(got.Where((d, i) => i != 1));
            Tensor value = maskChannels ? source.narrow(1, 0, want[1]) : source;
            if (!value.shape.SequenceEqual(want))
                throw new InvalidDataException($"{path}: '{key}' has shape [{string.Join(", ", got)}], the network [{string.Join(", ", want)}]");
            have.copy_(value);
            loaded++;
        }
        return loaded;
    }

    /// <summary>
    /// Throws unless <paramref name="path"/> is an encoder checkpoint of this format (whether it fits a network is
    /// checked by <see cref="Load"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not an encoder checkpoint; the message names it.</exception>
    public static void Check(string path) => Open(path);

    private static TensorArchive Open(string path)
    {
        TensorArchive archive = TensorArchive.Load(path);
        if (!archive.Metadata.TryGetValue("mlseg.encoder", out string? version) || version != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{path}: not an encoder checkpoint of format {FormatVersion} (mlseg.encoder = {version ?? "missing"})");
        return archive;
    }

    /// <summary>Stops (or restarts) gradients to the encoder's parameters; the trainer's optimizer then skips them.</summary>
    public static void SetFrozen(UNet network, bool frozen)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach ((string name, Parameter parameter) in network.named_parameters())
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal)) parameter.requires_grad = !frozen;
        }
    }
}
