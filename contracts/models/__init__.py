from contracts.exceptions import ContractTransitionNotAllowed

from .contracts import Contract, _register_policy
from .documents import ContractDocument
from .templates import ContractTemplate

_register_policy()

__all__ = ["Contract", "ContractDocument", "ContractTemplate", "ContractTransitionNotAllowed"]
