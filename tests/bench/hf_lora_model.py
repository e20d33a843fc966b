"""The yardstick's model: a Hugging Face checkpoint in bf16 with SDPA attention
on the GPU, gradient checkpointing as asked, and a PEFT LoRA of r=16, alpha 32,
no dropout on all seven projections, in training mode.

    from hf_lora_model import lora_model
    model = lora_model(MODEL_DIR, checkpointing="on")
"""
import peft
import torch
import transformers

PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def lora_model(folder, checkpointing):
    model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.bfloat16,
                                                              attn_implementation="sdpa").cuda()
    if checkpointing == "on":
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    model = peft.get_peft_model(model, peft.LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0,
                                                       target_modules=PROJECTIONS))
    model.train()
    return model
