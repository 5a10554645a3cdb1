"""Template context shared by every page: the user's persona and abilities."""

from services import access


def persona(request):
    user = request.user
    return {
        "persona": access.persona_of(user),
        "abilities": access.get_abilities(user),
    }
