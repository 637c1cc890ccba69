from contracts.exceptions import ContractTransitionNotAllowed
from contracts.models.contracts import Contract, _register_policy
from contracts.models.documents import ContractDocument
from contracts.models.templates import ContractTemplate

_register_policy()

__all__ = ["Contract", "ContractDocument", "ContractTemplate", "ContractTransitionNotAllowed"]
