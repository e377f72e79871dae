"""The JSON schema of mteb's ModelMeta as model_meta.json holds it (mteb 2.20.0, mteb/models/model_meta.py).

mteb validates model_meta.json with pydantic (`ModelMeta.model_validate_json_resolved`, `extra="forbid"`). This script
transcribes that pydantic model field by field (types, defaults, literals from mteb/types and model_meta.py) and lets
pydantic write its JSON schema, so the test can validate our model_meta.json against what mteb accepts:

    python3 scripts/reference/model_meta_schema.py > test/fixtures/model-meta.schema.json

Differences, all of them forced by the file being JSON rather than Python objects:
- `loader` is the loader's name (to_dict writes `_get_loader_name(loader)`; mteb resolves it back by name);
- `is_cross_encoder` is accepted (to_dict writes it; a before-validator turns it into model_type);
- `training_datasets` is a set in Python, a list (unique items) in JSON;
- StrDate / StrURL / ISOLanguageScript are str with validators in mteb: a date, a URL and the `lll-Ssss` form here.
"""

import json
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AnyUrl, BaseModel, ConfigDict, Field

FRAMEWORKS = Literal[
    "Sentence Transformers", "PyTorch", "GritLM", "LLM2Vec", "TensorFlow", "JAX", "API", "Tevatron", "NumPy",
    "PyLate", "ColBERT", "ColPali", "GGUF", "safetensors", "ONNX", "OpenVINO", "Transformers",
]
MODEL_TYPES = Literal["dense", "cross-encoder", "late-interaction", "sparse", "router", "hybrid"]
Licenses = Literal[
    "not specified", "mit", "cc-by-2.0", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-3.0",
    "cc-by-nc-4.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0", "cc-by-nc-nd-4.0", "cc-by-nd-4.0", "openrail", "openrail++",
    "odc-by", "afl-3.0", "apache-2.0", "cc-by-nd-2.1-jp", "cc0-1.0", "bsd-3-clause", "gpl-3.0", "lgpl", "lgpl-3.0",
    "cdla-sharing-1.0", "mpl-2.0", "msr-la-nc", "multiple", "gemma", "eupl-1.2",
]
Modalities = Literal["text", "image", "audio", "video"]
ScoringFunction = Literal["cosine", "dot", "MaxSim", "euclidean", "manhattan", "custom"]
OutputDType = Literal["float16", "bfloat16", "int8", "int4", "uint8", "uint4", "binary", "float8_e4m3fn"]
ISOLanguageScript = Annotated[str, Field(pattern=r"^[a-z]{3}-[A-Z][a-z]{3}$")]


class ModelMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", title="mteb ModelMeta (model_meta.json, mteb 2.20.0)")

    loader: str | None
    loader_kwargs: dict[str, Any] = {}
    name: str | None
    revision: str | None
    release_date: date | None
    languages: list[ISOLanguageScript] | None
    n_parameters: int | None
    n_active_parameters_override: int | None = None
    n_embedding_parameters: int | None = None
    memory_usage_mb: float | None
    max_tokens: float | None
    embed_dim: int | list[int] | None
    license: Licenses | AnyUrl | None
    open_weights: bool | None
    public_training_code: str | None
    public_training_data: str | bool | None
    framework: list[FRAMEWORKS]
    reference: AnyUrl | None = None
    similarity_fn_name: ScoringFunction | None
    use_instructions: bool | None
    training_datasets: set[str] | None
    adapted_from: str | None = None
    superseded_by: str | None = None
    modalities: list[Modalities] = ["text"]
    model_type: list[MODEL_TYPES] = ["dense"]
    citation: str | None = None
    contacts: list[str] | None = None
    experiment_kwargs: dict[str, Any] | None = None
    output_dtypes: OutputDType | list[OutputDType] | None = None
    extra_requirements_groups: list[str] | None = None
    is_cross_encoder: bool | None = None


if __name__ == "__main__":
    print(json.dumps(ModelMeta.model_json_schema(), indent=2))
