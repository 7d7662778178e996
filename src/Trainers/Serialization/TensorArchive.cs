using System.IO.Compression;
using System.Text.Json;
using MLSegmentation.Transforms;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Serialization;

/// <summary>
/// The file format of saved models and training checkpoints (docs/formats.md): a ZIP archive of named parts, each a
/// format PyTorch reads: tensors as <c>name.safetensors</c> (PyTorch state-dict names), optimizers as PyTorch pickles
/// (<c>name.pt</c>, as <c>torch.save(optimizer.state_dict())</c>), and string metadata in <c>metadata.json</c>.
/// Written to a temporary file, then renamed. Files of the project's earlier <c>.msd</c> format are recognised and
/// refused with a message saying what to do.
/// </summary>
public sealed class TensorArchive
{
    private const string MetadataEntry = "metadata.json";
    private static readonly byte[] OldFormatMagic = "MLSEGSD\0"u8.ToArray();
    private readonly Dictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly string _source;

    /// <summary>An empty archive to fill and <see cref="Save"/>.</summary>
    public TensorArchive() => _source = "(new archive)";

    private TensorArchive(string source) => _source = source;

    /// <summary>Free-form string metadata (format versions, configuration as JSON).</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The names of the tensor and optimizer parts.</summary>
    public IEnumerable<string> Parts => _entries.Keys.Select(Path.GetFileNameWithoutExtension).Distinct()!;

    /// <summary>Adds <paramref name="tensors"/> (copied to the CPU) as the part <paramref name="name"/>.</summary>
    public void AddTensors(string name, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = NewDisposeScope();
        var cpu = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous(), StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        Safetensors.SaveStateDict(buffer, cpu, leaveOpen: true);
        _entries[name + ".safetensors"] = buffer.ToArray();
    }

    /// <summary>Adds <paramref name="module"/>'s state dict (parameters and buffers) as the part <paramref name="name"/>.</summary>
    public void AddModule(string name, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        AddTensors(name, module.state_dict());
    }

    /// <summary>Adds <paramref name="optimizer"/>'s state (moments, step counts, parameter groups) as the part <paramref name="name"/>.</summary>
    public void AddOptimizer(string name, OptimizerHelper optimizer)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var buffer = new MemoryStream();
        optimizer.save_py(buffer, leaveOpen: true);
        _entries[name + ".pt"] = buffer.ToArray();
    }

    /// <summary>The tensors of part <paramref name="name"/> (on the CPU, owned by the caller).</summary>
    /// <exception cref="InvalidDataException">The part is missing or corrupt; the message names the file and part.</exception>
    public Dictionary<string, Tensor> Tensors(string name)
    {
        byte[] bytes = Entry(name + ".safetensors");
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return Safetensors.LoadStateDict(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{_source}: part '{name}' is not a valid safetensors file: {e.Message}", e);
        }
    }

    /// <summary>Loads part <paramref name="name"/> into <paramref name="module"/> (every name and shape must match).</summary>
    /// <exception cref="InvalidDataException">The part is missing, or its names or shapes differ from the module's; the message says which.</exception>
    public void LoadModule(string name, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        Dictionary<string, Tensor> saved = Tensors(name);
        try
        {
            Dictionary<string, Tensor> own = module.state_dict();
            string[] missing = [.. own.Keys.Except(saved.Keys)], unexpected = [.. saved.Keys.Except(own.Keys)];
            string[] misshapen = [.. own.Keys.Intersect(saved.Keys).Where(k => !own[k].shape.SequenceEqual(saved[k].shape))
                .Select(k => $"{k} [{string.Join(", ", saved[k].shape)}] for [{string.Join(", ", own[k].shape)}]")];
            if (missing.Length + unexpected.Length + misshapen.Length > 0)
            {
                throw new InvalidDataException($"{_source}: part '{name}' does not fit the network" +
                    (missing.Length > 0 ? $"; missing {string.Join(", ", missing)}" : "") +
                    (unexpected.Length > 0 ? $"; unexpected {string.Join(", ", unexpected)}" : "") +
                    (misshapen.Length > 0 ? $"; shapes differ: {string.Join(", ", misshapen)}" : ""));
            }
            using var noGrad = no_grad();
            foreach ((string key, Tensor target) in own) target.copy_(saved[key]);
        }
        finally
        {
            foreach (Tensor t in saved.Values) t.Dispose();
        }
    }

    /// <summary>Restores <paramref name="optimizer"/> from part <paramref name="name"/> (an optimizer of the same kind over the same parameters).</summary>
    public void LoadOptimizer(string name, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        byte[] bytes = Entry(name + ".pt");
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            optimizer.load_py(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{_source}: part '{name}' does not restore this optimizer: {e.Message}", e);
        }
    }

    /// <summary>Writes the archive to <paramref name="path"/> through a temporary file and a rename.</summary>
    public void Save(string path) => AtomicFile.Write(path, stream =>
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach ((string entry, byte[] bytes) in _entries)
        {
            using Stream s = zip.CreateEntry(entry, CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
        using (Stream s = zip.CreateEntry(MetadataEntry, CompressionLevel.Optimal).Open())
            JsonSerializer.Serialize(s, Metadata);
    });

    /// <summary>Reads an archive written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not such an archive (an old <c>.msd</c> file says how to go on); the message names it.</exception>
    public static TensorArchive Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        using var file = File.OpenRead(path);
        var head = new byte[OldFormatMagic.Length];
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == head.Length && head.AsSpan().SequenceEqual(OldFormatMagic))
        {
            throw new InvalidDataException(
                $"{path}: this file is in the .msd format of MLSegmentation before TorchSharp, which this version no longer reads; " +
                "retrain the model (mlseg train), or convert it with the previous release (its `mlseg export` writes ONNX, which scores as before)");
        }
        file.Position = 0;
        var archive = new TensorArchive(path);
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                using Stream s = entry.Open();
                using var buffer = new MemoryStream();
                s.CopyTo(buffer);
                if (entry.FullName == MetadataEntry)
                {
                    buffer.Position = 0;
                    foreach ((string k, string v) in JsonSerializer.Deserialize<Dictionary<string, string>>(buffer) ?? []) archive.Metadata[k] = v;
                }
                else
                {
                    archive._entries[entry.FullName] = buffer.ToArray();
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            throw new InvalidDataException($"{path}: not a model or checkpoint archive ({e.Message})", e);
        }
        return archive;
    }

    private byte[] Entry(string entry) =>
        _entries.TryGetValue(entry, out byte[]? bytes) ? bytes : throw new InvalidDataException($"{_source}: no part '{Path.GetFileNameWithoutExtension(entry)}'");
}
