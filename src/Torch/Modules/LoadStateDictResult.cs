namespace MLSegmentation.Torch.Modules;

/// <summary>What <see cref="Module.load_state_dict"/> did not match (only non-empty when loading with <c>strict: false</c>).</summary>
/// <param name="missing_keys">Parameters and buffers of the module that the state dict did not have.</param>
/// <param name="unexpected_keys">Entries of the state dict that the module does not have.</param>
public sealed record LoadStateDictResult(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys);
